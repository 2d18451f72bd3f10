// V8 settings that NODE_OPTIONS cannot carry, set before any other module loads (main.ts
// imports this first), so no allocation decision is taken under V8's defaults.
//
// Allocation-site pretenuring: when most objects of one allocation site survive a young
// collection, V8 starts allocating that site's objects straight in the old generation. Under a
// burst (start-up, a slow spell, wrk's first second) the sites of a request's short-lived
// objects (pg's query and result, the rows) qualify, and the decision is not taken back: every
// later request's query object is born old, keeps its rows alive through the next two young
// collections, and they are promoted in turn. On a list load the API promoted 1.6 MB per young
// collection (the hand-written floor 0 MB) and ran a full collection every second; without
// pretenuring it promotes almost nothing, and a list page takes about 40 % less CPU
// (docs/operations.md, Memory; bench/README.md).

import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-allocation-site-pretenuring');
