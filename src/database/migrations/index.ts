import { InitialSchema1764115200000 } from './1764115200000-InitialSchema.js';

/** Every migration, oldest first. Listed by class so source, build and tests load the same set. */
export const MIGRATIONS = [InitialSchema1764115200000];
