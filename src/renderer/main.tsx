import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { useLab } from './state/store';
import { compute } from './workers/computeClient';
import './styles/app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Start tfjs in the compute worker and show which backend runs.
void compute()
  .init('wasm')
  .then(({ backend, note, threads }) => {
    useLab.getState().setTfBackend(`${backend}${backend === 'wasm' && threads ? ' (threads)' : ''}`);
    if (note) useLab.getState().toast('info', note);
  })
  .catch((error: Error) =>
    useLab.getState().toast('error', `The compute worker did not start: ${error.message}`),
  );
