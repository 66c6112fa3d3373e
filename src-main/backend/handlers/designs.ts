import type { Handlers } from '#shared/api/contract';
import { specOfChoice } from '#shared/config/diffusion-choice';
import { isMdmError, MdmError } from '#shared/errors';
import { deleteDesign, listDesigns, saveDesign, type StoreDb } from '../store/index';

export type DesignHandlerName = 'designs-list' | 'designs-save' | 'designs-delete';

/** The saved-designs part of the contract: a design is checked as run creation checks a diffusion before it is kept. */
export function designHandlers(db: StoreDb): Pick<Handlers, DesignHandlerName> {
  return {
    'designs-list': async () => listDesigns(db),
    'designs-save': async ({ name, choice }) => {
      try {
        specOfChoice(choice, 0);
      } catch (e) {
        if (!isMdmError(e)) throw e;
        throw new MdmError('invalid', `design '${name}': ${e.message}`, { field: 'choice' });
      }
      return saveDesign(db, name, choice);
    },
    'designs-delete': async ({ name }) => ({ deleted: deleteDesign(db, name) }),
  };
}
