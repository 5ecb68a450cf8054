import { Column, CreateDateColumn, DeleteDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';

import type { AuthSource, Role } from '../common/domain.constants.js';
import { PrimaryIdColumn } from '../database/column-transformers.js';

/** Unique among non-deleted users, case-insensitively (`lower(email)`). */
export const USERS_EMAIL_ACTIVE_UQ = 'users_email_active_uq';

@Entity('users')
@Index(USERS_EMAIL_ACTIVE_UQ, { synchronize: false })
export class User {
  @PrimaryIdColumn()
  id: number;

  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ name: 'auth_source', type: 'varchar', length: 16 })
  authSource: AuthSource;

  @Column({ type: 'varchar', length: 16, default: 'user' })
  role: Role;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz' })
  deletedAt: Date | null;
}
