import { useLab } from '../state/store';
import { transport } from '../api/client';

/** Bottom bar: tfjs backend in use, transport, and where the database lives. */
export function StatusBar() {
  const info = useLab((s) => s.info);
  const backend = useLab((s) => s.tfBackend);
  const count = useLab((s) => s.datasets.length);
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span title="tfjs backend used for training and inference">
        tfjs: <strong data-testid="tf-backend">{backend}</strong>
      </span>
      <span>{transport === 'electron' ? 'Desktop app' : 'Browser host'}</span>
      <span>{count} datasets</span>
      <span className="statusbar-db" title={info?.dbPath}>
        Database: <code data-testid="db-path">{info ? info.dbPath : '…'}</code>
      </span>
      {info && <span>v{info.version}</span>}
    </footer>
  );
}
