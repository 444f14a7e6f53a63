/** Builds the site once before the suites that serve it (skipped when dist/ is newer than every source). */
import { ensureBuild } from '../../scripts/ensure-build.ts';

export default function setup(): void {
  ensureBuild();
}
