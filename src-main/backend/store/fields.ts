import * as s from '#shared/api/schema';

/** An integer field of at least `min`, checked with the contract's schema library so messages name the field the same way. */
export const int = (min = 0) => s.number({ integer: true, min });
/** A non-blank text field. */
export const text = s.string({ notBlank: true });
/** A plain JSON object field. */
export const record = s.record();
