import type { Handlers } from '#shared/api/contract';
import { askOwner } from '../../backend/runs/control-client';
import { CONTROL_CALLS } from '../../backend/runs/control-protocol';
import { liveOwner } from '../../backend/runs/owner-lock';
import { dataDir } from '../../backend/paths';
import type { BackendService } from '../../backend/service';
import { withCliService } from './service';

/**
 * withCliService for `mdm runs|sweep ACTION`: when the command changes runs and another live process
 * owns the data directory, its stop and resume calls go to that owner, and `asked` names it for the output.
 */
export function withOwnerService<R>(
  options: { dataDir?: string | undefined; manageRuns: boolean },
  work: (service: BackendService, handlers: Handlers, asked: string | null) => Promise<R>,
): Promise<R> {
  const home = options.dataDir ?? dataDir();
  return withCliService({ ...options, dataDir: home }, (service, handlers) => {
    const owner = options.manageRuns && !service.manager ? liveOwner(home) : null;
    if (!owner) return work(service, handlers, null);
    const forwarded = CONTROL_CALLS.map((call) => [
      call,
      (request: unknown) => askOwner(home, owner, call, request),
    ]);
    return work(
      service,
      { ...handlers, ...Object.fromEntries(forwarded) } as Handlers,
      ` (asked pid ${owner.pid}, the process that trains ${home})`,
    );
  });
}
