// npm run demo: serve the repository with the cross-origin isolation headers and print the demo's URL.
import { serve } from '../test/browser/server.mjs';

const { url } = await serve({ isolated: true, port: Number(process.env.PORT ?? 8080) });
console.log(`parfor demo: ${url}/demo/index.html  (Ctrl-C to stop)`);
