import { Module } from '@nestjs/common';

import { CONSOLE_DIR, ConsoleRoutes, consoleDistDir } from './console-routes.js';

/** The web console (web/, built into web/dist) served by the service itself at `/`. */
@Module({ providers: [ConsoleRoutes, { provide: CONSOLE_DIR, useFactory: () => consoleDistDir() }] })
export class ConsoleModule {}
