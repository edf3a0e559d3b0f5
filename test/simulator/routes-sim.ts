// /__sim/* control routes (no auth, not recorded, never faulted): drive a simulator from another process.
//   GET    /__sim/requests             recorded requests (JSON array)
//   DELETE /__sim/requests             clear them
//   POST   /__sim/faults               add a FaultSpec (route as a string; "/pattern/flags" for a RegExp)
//   DELETE /__sim/faults               clear faults
//   POST   /__sim/held/release         answer every request a `hold` fault is holding
//   POST   /__sim/configure            a ConfigPatch, e.g. {"quirks":"plus","remix":true,"speed":"demo"}
//   GET    /__sim/tasks/{id}           the raw stored task
//   POST   /__sim/tasks/{id}/finish    jump a task to its final state; body {"fail":"reason"} for FAILURE
import { asObject } from './context';
import { faultFromJson } from './faults';
import { json, type Reply } from './reply';
import type { ConfigPatch, Simulator } from './types';

export function controlRoute(sim: Simulator, method: string, path: string, body: unknown): Reply {
  try {
    const task = /^\/__sim\/tasks\/([^/]+)(\/finish)?$/.exec(path);
    if (task?.[1]) return taskRoute(sim, method, decodeURIComponent(task[1]), Boolean(task[2]), body);
    switch (`${method} ${path}`) {
      case 'GET /__sim/requests':
        return json(200, sim.requests);
      case 'DELETE /__sim/requests':
        sim.clearRequests();
        return OK();
      case 'POST /__sim/faults':
        sim.addFault(faultFromJson(body));
        return OK();
      case 'DELETE /__sim/faults':
        sim.clearFaults();
        return OK();
      case 'POST /__sim/held/release':
        return json(200, { released: sim.releaseHeld() });
      case 'POST /__sim/configure':
        sim.configure((asObject(body) ?? {}) as ConfigPatch);
        return OK();
      default:
        return unknown(method, path);
    }
  } catch (error) {
    return json(400, { error: error instanceof Error ? error.message : String(error) });
  }
}

function taskRoute(sim: Simulator, method: string, id: string, finish: boolean, body: unknown): Reply {
  const stored = sim.getTask(id);
  if (!stored) return json(404, { error: 'task_not_found' });
  if (!finish && method === 'GET') return json(200, stored);
  if (finish && method === 'POST') {
    const fail = asObject(body)?.fail;
    sim.finishTask(id, typeof fail === 'string' ? { fail } : {});
    return OK();
  }
  return unknown(method, `/__sim/tasks/${id}${finish ? '/finish' : ''}`);
}

const OK = (): Reply => json(200, { ok: true });
const unknown = (method: string, path: string): Reply => json(404, { error: `unknown control route ${method} ${path}` });
