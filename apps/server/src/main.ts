/** Process entry point of the `renkei` command. @module */
import { main } from './cli/main.js';

await main(process.argv);
