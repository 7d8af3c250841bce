import { useRef, useState } from 'react';
import type { DatasetInfo } from '../../../core/api';
import { lab } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PencilIcon, TrashIcon } from '../../components/icons';
import { useLab } from '../../state/store';
import { describeDataset, formatBytes, formatDate } from './format';
import { importFiles } from './importFiles';

/** The datasets list: name, kind, size, imported at; open, rename, delete (with confirmation). */
export function DatasetsPanel() {
  const datasets = useLab((s) => s.datasets);
  const importing = useLab((s) => s.importing);
  const loaded = useLab((s) => s.datasetsLoaded);
  const selected = useLab((s) => s.selectedDatasetId);
  const selectDataset = useLab((s) => s.selectDataset);
  const refresh = useLab((s) => s.refreshDatasets);
  const toast = useLab((s) => s.toast);
  const [renaming, setRenaming] = useState<number | null>(null);
  const [draft, setDraft] = useState('');
  const [deleting, setDeleting] = useState<DatasetInfo | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const commitRename = async (d: DatasetInfo) => {
    setRenaming(null);
    const name = draft.trim();
    if (!name || name === d.name) return;
    try {
      await lab['datasets:rename']({ id: d.id, name });
      await refresh();
    } catch (error) {
      toast('error', `Could not rename: ${(error as Error).message}`);
    }
  };

  const remove = async (d: DatasetInfo, experiments: 'delete' | 'keep') => {
    setDeleting(null);
    try {
      const { deletedExperiments } = await lab['datasets:delete']({ id: d.id, experiments });
      if (selected === d.id) selectDataset(null);
      toast(
        'success',
        `Deleted ${d.name}${deletedExperiments ? ` and ${deletedExperiments} experiments` : ''}.`,
      );
      await refresh();
    } catch (error) {
      toast('error', `Could not delete: ${(error as Error).message}`);
    }
  };

  return (
    <section className="panel datasets-panel" aria-label="Datasets">
      <header className="panel-header">
        <h2>Datasets</h2>
        <button
          className="primary small"
          onClick={() => fileInput.current?.click()}
          title="Open a CSV or MIDI file (Ctrl+O)"
        >
          Open file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,.tsv,.txt,.mid,.midi,.rnnlab"
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length) void importFiles(files);
          }}
        />
      </header>
      <p className="hint">Drop a CSV or MIDI file anywhere in the window.</p>
      {importing && (
        <div className="importing" data-testid="importing">
          <span className="spinner" aria-hidden />
          Importing {importing}…
        </div>
      )}
      {loaded && datasets.length === 0 && (
        <p className="empty">No datasets yet. Open or drop a file to start.</p>
      )}
      <ul className="dataset-list" data-testid="datasets-list">
        {datasets.map((d) => (
          <li
            key={d.id}
            className={d.id === selected ? 'selected' : undefined}
            data-testid="dataset-row"
            data-name={d.name}
          >
            {renaming === d.id ? (
              <input
                className="rename-input"
                aria-label={`New name for ${d.name}`}
                autoFocus
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                onBlur={() => void commitRename(d)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') void commitRename(d);
                  if (e.key === 'Escape') setRenaming(null);
                }}
              />
            ) : (
              <button
                className="dataset-open"
                onClick={() => selectDataset(d.id)}
                onDoubleClick={() => {
                  setRenaming(d.id);
                  setDraft(d.name);
                }}
                title={`${d.name} — double-click to rename`}
              >
                <span className={`kind kind-${d.kind}`}>{d.kind.toUpperCase()}</span>
                <span className="dataset-name">{d.name}</span>
                <span className="dataset-meta">{describeDataset(d)}</span>
                <span className="dataset-meta">
                  {formatBytes(d.size)} · {formatDate(d.createdAt)}
                  {d.sample ? ' · sample' : ''}
                </span>
              </button>
            )}
            <div className="row-actions">
              <button
                className="icon-button"
                aria-label={`Rename ${d.name}`}
                title="Rename"
                onClick={() => {
                  setRenaming(d.id);
                  setDraft(d.name);
                }}
              >
                <PencilIcon />
              </button>
              <button
                className="icon-button"
                aria-label={`Delete ${d.name}`}
                title="Delete"
                onClick={() => setDeleting(d)}
              >
                <TrashIcon />
              </button>
            </div>
          </li>
        ))}
      </ul>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel={deleting.experimentCount ? 'Delete with its experiments' : 'Delete'}
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => void remove(deleting, 'delete')}
          extraActions={
            deleting.experimentCount ? (
              <button onClick={() => void remove(deleting, 'keep')}>Delete, keep experiments</button>
            ) : undefined
          }
        >
          {deleting.experimentCount ? (
            <p>
              {deleting.experimentCount} experiments were run on this dataset. Delete them too, or keep them
              without their dataset?
            </p>
          ) : (
            <p>The file’s copy in the lab is removed. This cannot be undone.</p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
