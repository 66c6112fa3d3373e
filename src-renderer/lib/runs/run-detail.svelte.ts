import type { RequestOf, RunDetail, Transport } from '#shared/api/contract';
import type { DiffusionParams, RunEvent, SampleInfo } from '#shared/api/runs';
import { LOCAL_SERVER } from '#shared/api/servers';
import { isMdmError } from '#shared/errors';
import { onServerBack, serverApi } from '../servers/api';
import { latest } from '../latest';
import { errorText } from './actions';
import { pushSample, type ProgressSample } from './eta';
import { coalesce, groupByKey, mergePoints, toColumns, type Columns } from './live';

/** A list the page shows, with whether it has arrived and the last error fetching it. */
export class Fetched<T> {
  items: T[] = $state.raw([]);
  loaded = $state(false);
  error: string | null = $state(null);

  private appending: Promise<void> = Promise.resolve();

  /** Refetches the whole list; an answer overtaken by a later request is dropped. */
  readonly load = latest(
    (fetch: () => Promise<T[]>) => fetch(),
    (items) => {
      this.items = items;
      this.loaded = true;
    },
    (e) => (this.error = errorText(e)),
  );

  /** Fetches what follows the last item (`after` gets it), one request at a time; keeps the last 5000. */
  append(after: (last: T | undefined) => Promise<T[]>): Promise<void> {
    this.appending = this.appending.then(async () => {
      try {
        const more = await after(this.items.at(-1));
        if (more.length > 0) this.items = [...this.items, ...more].slice(-5000);
        this.loaded = true;
      } catch (e) {
        this.error = errorText(e);
      }
    });
    return this.appending;
  }
}

/**
 * Everything the run page shows, fetched once and kept live from the backend's events: the
 * detail, metric series, samples, learned Q and D, and the log. The page and its panels read it.
 */
export class RunDetailStore {
  detail: RunDetail | null = $state(null);
  missing = $state(false);
  error: string | null = $state(null);
  series: Record<string, Columns> = $state.raw({});
  seriesLoaded = $state(false);
  /** Recent (time, step) pairs, for the live rate behind the ETA. */
  progress: ProgressSample[] = $state.raw([]);
  now = $state(Date.now());
  readonly samples = new Fetched<SampleInfo>();
  readonly params = new Fetched<DiffusionParams>();
  readonly events = new Fetched<RunEvent>();
  private maxPoints = 2000;

  /** The contract on the run's server (the local backend's, or a remote through it). */
  readonly api: Transport;

  constructor(
    readonly runId: number,
    readonly server: string = LOCAL_SERVER,
  ) {
    this.api = serverApi(server);
  }

  /** The run itself; refetched on its events, so a later call wins over an earlier one. */
  readonly loadDetail = latest(
    () => this.api.invoke('runs-get', { runId: this.runId }),
    (detail) => {
      this.detail = detail;
      this.error = null;
    },
    (e) => {
      if (isMdmError(e) && e.code === 'not_found') this.missing = true;
      else this.error = errorText(e);
    },
  );

  /** Every series of the run at the current resolution, once the detail names them. */
  loadSeries = (): Promise<void> =>
    this.detail ? this.fetchSeries(this.detail) : Promise.resolve();

  /** A later call wins over an earlier one. */
  private readonly fetchSeries = latest(
    async (detail: RunDetail) => {
      const points = this.maxPoints;
      const fetched = await Promise.all(
        detail.metricKeys.map((key) =>
          this.api
            .invoke('metrics-series', {
              runId: this.runId,
              key,
              ...(points > 0 ? { maxPoints: points } : {}),
            })
            .then((s) => [key, toColumns(s.points)] as const),
        ),
      );
      return Object.fromEntries(fetched);
    },
    (series) => {
      this.series = series;
      this.seriesLoaded = true;
    },
    // A remote server that went offline: the page says so; its return refetches.
    (e) => (this.error = errorText(e)),
  );

  /** Renames the run or replaces its notes or tags, then shows the stored run; throws the server's refusal. */
  async update(patch: Omit<RequestOf<'runs-update'>, 'runId'>): Promise<void> {
    await this.api.invoke('runs-update', { runId: this.runId, ...patch });
    await this.loadDetail();
  }

  /** Points per series; changing it refetches every series. */
  setMaxPoints(points: number): void {
    if (points === this.maxPoints) return;
    this.maxPoints = points;
    void this.loadSeries();
  }

  loadSamples = () =>
    this.samples.load(() => this.api.invoke('samples-list', { runId: this.runId }));
  loadParams = () =>
    this.params.load(() =>
      this.api.invoke('diffusion-params-series', { runId: this.runId, maxPoints: 500 }),
    );
  /** Only the log lines after the last one shown. */
  loadEvents = () =>
    this.events.append((last) =>
      this.api.invoke('run-events-list', {
        runId: this.runId,
        afterId: last?.id ?? 0,
        limit: 1000,
      }),
    );

  /** Fetches everything, then follows the run: points merge into the series, progress updates in place, the rest refetches (coalesced). Returns the unsubscribe. */
  connect(): () => void {
    const loadAll = () => {
      void this.loadDetail().then(() => this.loadSeries());
      void this.loadSamples();
      void this.loadParams();
      void this.loadEvents();
    };
    loadAll();
    const refreshDetail = coalesce(
      () => {
        void this.loadDetail();
        void this.loadEvents();
      },
      500,
      3000,
    );
    const mine = (e: { runId: number }) => e.runId === this.runId;
    const api = this.api;
    const offs = [
      // A remote that was offline comes back: fetch what it logged meanwhile (points merge by step).
      onServerBack(this.server, loadAll),
      api.listen('metrics-appended', (e) => {
        if (!mine(e)) return;
        const next = { ...this.series };
        for (const [key, points] of groupByKey(e.points)) {
          next[key] = mergePoints(next[key] ?? toColumns([]), points);
        }
        this.series = next;
        refreshDetail.request();
      }),
      api.listen('run-progressed', (e) => {
        if (!mine(e) || !this.detail) return;
        this.detail.run.progress = { step: e.step, total: e.total };
        this.progress = pushSample(this.progress, { time: Date.now(), step: e.step });
        this.now = Date.now();
      }),
      api.listen('run-status-changed', (e) => {
        if (!mine(e)) return;
        void this.loadParams();
        void this.loadEvents();
        // A resumed run rewinds to its checkpoint: refetch the series it will log again.
        void this.loadDetail().then(() => {
          if (e.status === 'running') void this.loadSeries();
        });
      }),
      // Stop and resume lines drive the page's banner: they show as soon as they are written.
      api.listen('run-event-added', (e) => mine(e) && void this.loadEvents()),
      api.listen('run-updated', (e) => mine(e) && void this.loadDetail()),
      api.listen('sample-ready', (e) => {
        if (!mine(e)) return;
        void this.loadSamples();
        void this.loadParams();
        void this.loadEvents();
      }),
      api.listen('checkpoint-saved', (e) => {
        if (!mine(e)) return;
        void this.loadParams();
        refreshDetail.request();
      }),
    ];
    const tick = setInterval(() => (this.now = Date.now()), 10_000);
    return () => {
      refreshDetail.cancel();
      clearInterval(tick);
      for (const off of offs) off();
    };
  }
}
