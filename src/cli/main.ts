import { runCli } from './yibao.js';

await runCli(process.argv);
