/** The store's record types live with the contract, which hands them to the renderer. */
export * from '#shared/api/runs';
