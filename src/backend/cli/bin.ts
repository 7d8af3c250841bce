/**
 * The `rnn-lab` command: bundled with its imports from src/ into out/cli/rnn-lab.mjs by `npm run build`
 * (tools/build/cli.ts), which is what the package's `bin` runs; npm dependencies stay imports.
 */
import { main } from './main';

process.exitCode = await main(process.argv.slice(2));
