// Empties dist/src before the package's build, so that a file whose source is gone is not packed.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist/src', import.meta.url), { recursive: true, force: true });
