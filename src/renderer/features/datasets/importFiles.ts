import type { DatasetInfo } from '../../../core/api';
import { lab } from '../../api/client';
import { aboutFile } from '../../state/messages';
import { useLab } from '../../state/store';

const ACCEPTED = /\.(csv|tsv|txt|mid|midi)$/i;
const EXPORT_FILE = /\.rnnlab$/i;
const MAX_BYTES = 250 * 1024 * 1024;

/**
 * Imports files through `datasets:import`, reporting each outcome as a toast. A file already in the lab
 * (same content) is offered as the existing dataset. Returns the datasets imported or found.
 */
export async function importFiles(files: Iterable<File>): Promise<DatasetInfo[]> {
  const { toast, refreshDatasets, selectDataset, setImporting, setView } = useLab.getState();
  const results: DatasetInfo[] = [];
  for (const file of files) {
    if (EXPORT_FILE.test(file.name)) {
      await importExperimentsFile(file);
      continue;
    }
    if (!ACCEPTED.test(file.name)) {
      toast(
        'error',
        `${file.name}: RNN Lab imports CSV tables (.csv, .tsv, .txt), MIDI files (.mid, .midi) and experiment exports (.rnnlab).`,
      );
      continue;
    }
    if (file.size > MAX_BYTES) {
      toast('error', `${file.name} is larger than 250 MB. Split it or keep only the columns you need.`);
      continue;
    }
    setImporting(file.name);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const { dataset, existing } = await lab['datasets:import']({ name: file.name, bytes });
      results.push(dataset);
      selectDataset(dataset.id);
      // Show the file where it is used: tables in Forecast, melodies in Melody.
      const view = useLab.getState().view;
      if (dataset.kind === 'midi' && view !== 'melody') setView('melody');
      if (dataset.kind === 'csv' && view === 'melody') setView('forecast');
      toast(
        existing ? 'info' : 'success',
        existing
          ? `${file.name} is already in the lab as “${dataset.name}”; opened it.`
          : `Imported ${dataset.name}.`,
      );
    } catch (error) {
      toast('error', aboutFile(file.name, (error as Error).message));
    } finally {
      setImporting(null);
    }
  }
  await refreshDatasets();
  return results;
}

/** Imports an experiments export (.rnnlab) dropped on the window, reporting what was new and what was already here. */
async function importExperimentsFile(file: File): Promise<void> {
  const { toast, refreshDatasets, setImporting } = useLab.getState();
  setImporting(file.name);
  try {
    const report = await lab['experiments:import']({ bytes: new Uint8Array(await file.arrayBuffer()) });
    const parts = [`${report.imported.length} experiments imported`];
    if (report.duplicates.length) parts.push(`${report.duplicates.length} already here`);
    if (report.datasets.added) parts.push(`${report.datasets.added} datasets added`);
    toast(report.imported.length ? 'success' : 'info', `${file.name}: ${parts.join(', ')}.`);
    await refreshDatasets();
  } catch (error) {
    toast('error', aboutFile(file.name, (error as Error).message));
  } finally {
    setImporting(null);
  }
}
