// Worker threads do not inherit tsx's loader from the main thread (Node 20), so the
// world worker starts here: register the TypeScript loader, then import the entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
