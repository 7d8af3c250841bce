import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { useLab } from './state/store';
import './styles/app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Start tfjs off the UI thread and show which backend runs.
const probe = new Worker(new URL('./workers/backendProbe.worker.ts', import.meta.url), { type: 'module' });
probe.onmessage = (event: MessageEvent<{ backend: string; threads: boolean }>) => {
  useLab.getState().setTfBackend(`${event.data.backend}${event.data.backend === 'wasm' && event.data.threads ? ' (threads)' : ''}`);
  probe.terminate();
};
probe.onerror = () => useLab.getState().setTfBackend('unavailable');
probe.postMessage({ backend: 'wasm' });
