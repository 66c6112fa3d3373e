import { errorText } from './actions';

/** A text edited in place: the draft, whether the editor is open or saving, and the last save's error. */
export class InPlaceEdit {
  editing = $state(false);
  draft = $state('');
  error: string | null = $state(null);
  saving = $state(false);

  /** Opens the editor on the current value. */
  start(value: string): void {
    this.draft = value;
    this.error = null;
    this.editing = true;
  }

  /** Closes the editor without saving. */
  cancel(): void {
    this.editing = false;
  }

  /** Runs `write`; closes on success, else stays open showing why (the draft is kept). */
  async save(write: () => Promise<void>): Promise<void> {
    this.saving = true;
    try {
      await write();
      this.editing = false;
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.saving = false;
    }
  }
}
