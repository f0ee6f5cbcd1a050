import { processContext } from './context.js';
import { run } from './program.js';

// The only place that ends the process.
const code = await run(process.argv.slice(2), processContext());
process.exitCode = code;
