import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One defaults document per key (`default_platform_quotas`, `auth_source_default_*`). */
@Entity('settings')
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  key: string;

  @Column({ type: 'jsonb' })
  value: unknown;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
