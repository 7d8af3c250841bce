import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { useLab } from './state/store';
import { labWorker } from './workers/labWorker';
import './styles/app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Start tfjs in the compute worker and show which backend runs.
const worker = labWorker();
worker.onBackend(({ backend, note, threads }) => {
  useLab.getState().setTfBackend(`${backend}${backend === 'wasm' && threads ? ' (threads)' : ''}`);
  if (note) useLab.getState().toast('info', note);
});
worker.init('wasm');
