import { Column, CreateDateColumn, Entity, Index } from 'typeorm';

import { idTransformer, PrimaryIdColumn } from '../database/column-transformers.js';

/**
 * One admin change: who did what to whom, with the state before and after. Actor and target are
 * plain ids, not foreign keys, so the trail outlives the users it mentions.
 */
@Entity('admin_audit_log')
@Index('admin_audit_log_target_user_id_idx', ['targetUserId', 'id'])
@Index('admin_audit_log_action_idx', ['action', 'id'])
export class AdminAuditLog {
  @PrimaryIdColumn()
  id: number;

  @Column({ name: 'actor_user_id', type: 'bigint', nullable: true, transformer: idTransformer })
  actorUserId: number | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'target_user_id', type: 'bigint', nullable: true, transformer: idTransformer })
  targetUserId: number | null;

  @Column({ type: 'jsonb', nullable: true })
  before: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after: object | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
