/**
 * Serves the web console that Vite builds into web/dist: its hashed assets as static files, and
 * its index.html for each of the console's own routes (the router in the page takes over from
 * there). Only those routes fall back to the page: every other unknown path, under /api above all,
 * keeps the service's JSON 404.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import fastifyStatic from '@fastify/static';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The folder the console was built into (web/dist), or undefined when none can be found. */
export const CONSOLE_DIR = Symbol('CONSOLE_DIR');

/** The paths the console's router answers (see web/src/router.ts). */
export const CONSOLE_ROUTES = ['/', '/sign-in', '/me', '/admin', '/admin/*'] as const;

/**
 * The page runs only its own scripts and talks only to this service. Styles may be inline because
 * the chart and Vue's style bindings set them.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  // The page names the current hashed assets: it must be asked for again after a deployment.
  'Cache-Control': 'no-cache',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** web/dist of the checkout this file belongs to (from src/console/, dist/src/console/ or the bundle in dist/). */
export function consoleDistDir(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'web', 'dist');
    if (dirname(dir) === dir) return undefined;
  }
}

@Injectable()
export class ConsoleRoutes implements OnModuleInit {
  private readonly logger = new Logger('Console');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(CONSOLE_DIR) private readonly root: string | undefined,
  ) {}

  async onModuleInit(): Promise<void> {
    // Without an HTTP server (an application context, as the CLIs build) there is nothing to serve.
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    const root = this.root;
    const indexFile = root && join(root, 'index.html');
    if (!root || !indexFile || !existsSync(indexFile)) {
      this.logger.warn(`No web console: ${indexFile ?? 'web/dist/index.html'} is missing (npm run build builds it)`);
      return;
    }
    const page = readFileSync(indexFile);
    const assets = join(resolve(root), 'assets');
    await fastify.register(fastifyStatic, {
      root: resolve(root),
      prefix: '/',
      // One route per built file, so an unknown path is the service's 404 and not a file lookup.
      wildcard: false,
      index: false,
      decorateReply: false,
      globIgnore: ['index.html'],
      setHeaders: (reply, path) => {
        // Vite names every asset by its content: a name never changes meaning.
        if (path.startsWith(assets)) reply.header('Cache-Control', 'public, max-age=31536000, immutable');
        reply.header('X-Content-Type-Options', 'nosniff');
      },
    });
    const sendPage = (_request: unknown, reply: FastifyReply) => reply.headers(PAGE_HEADERS).send(page);
    for (const url of CONSOLE_ROUTES) fastify.get(url, sendPage);
  }
}
