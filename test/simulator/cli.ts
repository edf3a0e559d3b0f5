// Runs the simulator by hand or for demos:
//   node out/test/simulator/cli.js [--port N] [--speed test|demo] [--quirks plus|new-api] [--remix]
//     [--version v6|v7|v8] [--video-buttons] [--retexture] [--reject-job-buttons] [--unplayable-video]
// PORT in the environment is used when --port is absent. Default speed: demo.
import { startSimulator } from './server';
import type { MjVersion, Quirks } from './types';

interface CliOptions {
  port: number;
  speed: 'test' | 'demo';
  quirks: Quirks;
  remix: boolean;
  version?: MjVersion;
  videoButtons?: boolean;
  retexture?: boolean;
  rejectJobButtons?: boolean;
  unplayableVideo?: boolean;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { port: Number(process.env.PORT ?? 0) || 0, speed: 'demo', quirks: 'new-api', remix: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--port') options.port = Number(value());
    else if (arg === '--speed') {
      const speed = value();
      if (speed !== 'test' && speed !== 'demo') throw new Error('--speed is test or demo');
      options.speed = speed;
    } else if (arg === '--quirks') {
      const quirks = value();
      if (quirks !== 'plus' && quirks !== 'new-api') throw new Error('--quirks is plus or new-api');
      options.quirks = quirks;
    } else if (arg === '--remix') options.remix = true;
    else if (arg === '--version') {
      const version = value();
      if (version !== 'v6' && version !== 'v7' && version !== 'v8') throw new Error('--version is v6, v7 or v8');
      options.version = version;
    } else if (arg === '--video-buttons') options.videoButtons = true;
    else if (arg === '--retexture') options.retexture = true;
    else if (arg === '--reject-job-buttons') options.rejectJobButtons = true;
    else if (arg === '--unplayable-video') options.unplayableVideo = true;
    else throw new Error(`Unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('--port must be 0..65535');
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const sim = await startSimulator({ ...options, log: (line) => console.log(line) });
  console.log(`AITRE simulator listening on ${sim.url} (key: ${sim.apiKey})`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
