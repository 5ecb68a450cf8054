/**
 * The benchmark's memory sampler, forked by `PeakMemory` with the service's pid and the embedded
 * server's folder (empty on a server): samples both every half second and, when told `stop`,
 * sends the largest sum it saw and exits.
 */
import { type MemorySample, sampleMemory } from './memory.js';

const [pid, folder] = process.argv.slice(2);
let peak: MemorySample = { serviceMb: 0, databaseMb: 0 };

function sample(): void {
  const now = sampleMemory(folder || undefined, Number(pid));
  if (now.serviceMb + now.databaseMb > peak.serviceMb + peak.databaseMb) peak = now;
}

sample();
const timer = setInterval(sample, 500);
process.on('message', () => {
  clearInterval(timer);
  sample();
  process.send!(peak, () => process.exit(0));
});
// The benchmark gone without a word: nothing to report to.
process.on('disconnect', () => process.exit(0));
