/// <reference lib="webworker" />
import '@tensorflow/tfjs-backend-wasm';
import { startBackend, type BackendName } from './tfBackend';

// Starts tfjs with the requested backend off the UI thread and reports what runs.
self.onmessage = async (event: MessageEvent<{ backend: BackendName }>) => {
  const result = await startBackend(event.data.backend);
  const isolated = (self as unknown as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  self.postMessage({ ...result, threads: isolated });
};
