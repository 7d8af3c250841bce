/** The help texts of `rnn-lab forecast --all-series` and `rnn-lab benchmark m4`. */
import { MANY_SERIES } from '../../core/experiments/global';

const CLASSICAL =
  '  --classical fast|all    competitors: Naive2, seasonal naive and Theta (fast), or also ETS and ARIMA';

const RANGE_AND_BUNDLE = `  --series N              only the first N series (a quick check)
  --series-from A --series-to B
                          only series A to B, counted from 1 (split a big run over many machines)
  --local                 one network per series instead of one for all
  --seed S                random seed of the networks (the same seed gives the same run)
  --members N             networks in the ensemble (the forecast is their median)
  --epochs N              epochs per network
  --bundle FILE.rnnlab    also write the run to an export file (the app imports it: Experiments > Import);
                          without --db the run is then kept only in that file
  --db PATH               the lab database (default ~/.rnn-lab/lab.db)
  --json                  print one JSON object: owa, smape, mase, naive2 {smape, mase}, series, seconds,
                          the competitors and every series' scores and forecasts`;

/** Appended to `rnn-lab forecast --help`. */
export const ALL_SERIES_HELP = `All series, one model:
  rnn-lab forecast FILE.csv --all-series [--key COL] [--target COL] [--horizon N] [--season M] [options]

Forecasts every series of a long-format file (a key column tells the series apart) with one recurrent network
trained across all of them. The last N values of each series are held out and scored with sMAPE, MASE and OWA
against Naive2 as in M4, next to seasonal naive and the classical methods; with 12 series or fewer each series
is also forecast by a network of its own, to compare. The run is saved as one experiment.
  --key COL               the key column (default: the one detected)
  --season M              seasonal period of MASE and Naive2 (default: from the dates)
  --compare-local         also forecast each series with a network of its own (default with ≤ 12 series)
${CLASSICAL}
                          (default: all with ≤ ${MANY_SERIES} series, else fast)
${RANGE_AND_BUNDLE}`;

export const BENCHMARK_HELP = `rnn-lab benchmark — the M4 competition's scoring of the lab's global network

Usage: rnn-lab benchmark m4 --train TRAIN.csv --test TEST.csv --horizon H --season M [options]

Reads the M4 row layout (an id, then the values; the test file holds the next H values), trains one network
across the selected series (one per series with --local), forecasts H steps of each and prints per-series and
aggregate sMAPE, MASE and OWA against Naive2, computed as M4 did. Horizon 13 with season 1 (Weekly) and
48 with season 24 (Hourly) use the recipes tuned on M4's training parts; other pairs a recipe derived from them.

Options:
  --horizon H             steps forecast and scored (Weekly 13, Hourly 48)
  --season M              seasonal period of MASE and Naive2 (Weekly 1, Hourly 24)
  --threads N             kernel threads of the lab engine (default: the cores available)
  --compare-local         also forecast each series with a network of its own and report its scores
${CLASSICAL}
                          (default fast)
${RANGE_AND_BUNDLE}

Exit codes: 0 success, 1 unexpected failure, 2 bad input.`;
