import { useEffect, useRef } from 'react';
import { useLab } from '../state/store';

/** Help › About: version, database, and the bundled data with their sources and licences. */
export function AboutDialog({ onClose }: { onClose(): void }) {
  const info = useLab((s) => s.info);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog about"
      aria-labelledby="about-title"
      onClose={onClose}
      onCancel={onClose}
    >
      <h2 id="about-title">RNN Lab {info ? info.version : ''}</h2>
      <p>
        A lab for recurrent neural networks: forecast CSVs, continue melodies, compare experiments, and see
        how RNNs remember and forget.
      </p>
      <h3>Bundled data</h3>
      <table className="table">
        <thead>
          <tr>
            <th>File</th>
            <th>Source</th>
            <th>Licence</th>
          </tr>
        </thead>
        <tbody>
          {info?.samples.map((s) => (
            <tr key={s.file}>
              <td>
                {s.title}
                <div className="muted">{s.file}</div>
              </td>
              <td>{s.source}</td>
              <td>{s.licence}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{info?.dataAttribution}</p>
      <p className="muted">
        Database: <code>{info?.dbPath}</code> (schema {info?.schemaVersion})
      </p>
      <div className="dialog-actions">
        <button className="primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
