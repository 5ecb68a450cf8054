/** Reading a user by id. Changes go through AccountsService; lists through QuotaOverviewService. */
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';

import { User } from './user.entity.js';
import { userNotFound } from './users.errors.js';

@Injectable()
export class UsersService {
  constructor(private readonly dataSource: DataSource) {}

  async get(id: number): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id, deletedAt: IsNull() });
    if (!user) throw userNotFound(id);
    return user;
  }
}
