import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { isMdmError } from '#shared/errors';
import { verifyExactScore } from '#shared/mdm/tensor/verify';
import type { ComputeReply, ComputeRequest } from './protocol';

/** docs/science.md §4's check: x = 0.3 from N(0.1, 0.25). */
const checkData = { x: 0.3, data: { mu: 0.1, variance: 0.25 } };

/** A compute worker: answers one request, then ends (the main thread kills it past its deadline). */
const port = parentPort;
if (!port) throw new Error('compute/worker.ts must run in a worker thread');

port.once('message', (request: ComputeRequest) => {
  let reply: ComputeReply;
  try {
    void tf.setBackend('cpu');
    const result = verifyExactScore(request.spec, {
      ...checkData,
      samples: request.samples,
      seed: request.seed,
    });
    reply = { ok: true, result };
  } catch (error) {
    reply = {
      ok: false,
      error: isMdmError(error)
        ? { code: error.code, message: error.message }
        : { code: 'internal', message: error instanceof Error ? error.message : String(error) },
    };
  }
  port.postMessage(reply);
  port.close();
});
