import type { Handlers, Method } from '../../core/api';
import type { Db } from '../store/db';
import {
  deleteExperiment,
  deleteExperiments,
  experimentFacets,
  getExperiment,
  getExperimentsWithoutWeights,
  insertExperiment,
  listExperiments,
  updateExperiment,
} from '../store/experiments';
import { exportExperiments, importExperiments } from '../store/exportFile';

type ExperimentMethod = Extract<Method, `experiments:${string}`>;

/** The `experiments:*` part of the handler map: history, compare, export and import. */
export function experimentHandlers(db: Db, appVersion: string): Pick<Handlers, ExperimentMethod> {
  return {
    'experiments:list': (filter) => listExperiments(db, filter),
    'experiments:facets': () => experimentFacets(db),
    'experiments:get': ({ id }) => getExperiment(db, id),
    'experiments:getMany': ({ ids }) => getExperimentsWithoutWeights(db, ids),
    'experiments:save': (input) => insertExperiment(db, input),
    'experiments:update': (args) => updateExperiment(db, args),
    'experiments:delete': ({ id }) => ({ deleted: deleteExperiment(db, id) }),
    'experiments:deleteMany': ({ ids }) => ({ deleted: deleteExperiments(db, ids) }),
    'experiments:export': ({ ids }) => exportExperiments(db, ids, appVersion),
    'experiments:import': ({ bytes }) => importExperiments(db, bytes),
  };
}
