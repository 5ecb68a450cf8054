/** Reading users: one by id, or a page of them with a search. Changes go through AccountsService. */
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';

import type { AuthSource } from '../common/domain.constants.js';
import { User } from './user.entity.js';
import { userNotFound } from './users.errors.js';

export interface UserQuery {
  page: number;
  pageSize: number;
  /** Part of the email, case-insensitive. */
  search?: string;
  authSource?: AuthSource;
}

@Injectable()
export class UsersService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: UserQuery): Promise<{ items: User[]; total: number }> {
    const builder = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.deleted_at IS NULL')
      .orderBy('u.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (query.search) {
      builder.andWhere(`u.email ILIKE :pattern ESCAPE '\\'`, {
        pattern: `%${query.search.replace(/[\\%_]/g, '\\$&')}%`,
      });
    }
    if (query.authSource) builder.andWhere('u.auth_source = :source', { source: query.authSource });
    const [items, total] = await builder.getManyAndCount();
    return { items, total };
  }

  async get(id: number): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id, deletedAt: IsNull() });
    if (!user) throw userNotFound(id);
    return user;
  }
}
