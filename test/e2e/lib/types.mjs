// The shape of a provider module (test/e2e/providers/<provider>.mjs), as JSDoc
// for editors; the runner discovers every .mjs file in providers/.
//
// @typedef {object} ProviderModule
// @property {'hackle'|'adrop'|'traintracks'|'chabok'} provider  the fake it talks to (fakes/index.mjs)
// @property {string[]} nodes  node names (description.name) this module covers; every node in package.json needs one
// @property {(ctx: { fake: import('../fakes/server.mjs').FakeProvider, keys: object }) => Credential[]} credentials
// @property {EditorEntry[]} editor  what the editor must show
// @property {(ctx: { fake: object, keys: object }) => Case[]} cases
//
// @typedef {object} Credential  as `n8n import:credentials` takes it (data in clear, n8n encrypts it)
// @property {string} id  16 characters
// @property {string} name
// @property {string} type  credential type name, e.g. hackleApi
// @property {object} data
//
// @typedef {object} EditorEntry
// @property {string} search  what is typed into the node panel
// @property {string} displayName  the node's display name in the results
// @property {Record<string, string[]>} resources  Resource dropdown option → its Operation dropdown options
//
// @typedef {object} Case  one workflow: trigger → [Split Out] → the node under test
// @property {string} name
// @property {string} covers  "<resource>:<operation>" value pair; every operation needs a webhook case
// @property {'webhook'|'schedule'} [trigger]  default webhook (POST, answers with the last node's items)
// @property {{ type: string, parameters: object, credential: string, continueOnFail?: boolean, onError?: string, splitOut?: string }} node
//   type: node name in the package; credential: the name of one of the module's credentials;
//   onError: n8n's On Error setting (e.g. 'continueErrorOutput'; continueOnFail is 'continueRegularOutput');
//   splitOut: a field (e.g. "body") Split Out turns into one item per array element first
// @property {unknown} [payload]  the webhook's JSON body
// @property {Array<[string|object, { times?: number, path?: string }]>} [faults]  injected into the fake before firing
// @property {Expectation} expect
//
// @typedef {object} Expectation
// @property {'success'|'error'} status  the execution's status
// @property {Array<{ path: string, headers: Record<string,string>, body: unknown, status?: number }>} requests
//   exactly these requests, in order: URL path, the provider's headers (n8n's own are added by the
//   runner and every header is compared), the raw body (JSON.stringify of `body`; a function
//   `({ execution }) => body` computes it from the execution, e.g. a Schedule Trigger's time), the fake's answer
// @property {number} accepted  events the fake's ledger gained
// @property {object[]} [items]  the node's output items (subset match; RegExp for strings)
// @property {RegExp} [error]  the node's error (message + description) in the execution data
// @property {(ctx: { items: object[], requests: object[], execution: object, added: object[] }) => string[]} [check]
export {};
