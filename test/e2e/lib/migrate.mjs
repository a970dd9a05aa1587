// Moving workflows between the all-in-one package and the per-provider
// packages: only each node's `type` changes (credential types have the same
// names in both). docs/MIGRATING.md shows these exact commands; the
// end-to-end suite (test/e2e/both.mjs) runs them on a workflow n8n exported,
// and test/migrate.test.ts checks that docs/MIGRATING.md and this file agree.

/** n8n-nodes-event-tracking.<node>[Tool] → n8n-nodes-<node>.<node>[Tool] */
export const TO_PER_PROVIDER = `sed -E 's/"n8n-nodes-event-tracking\\.(hackle|adrop|traintracks|chabok)(Tool)?"/"n8n-nodes-\\1.\\1\\2"/g'`;

/** n8n-nodes-<node>.<node>[Tool] → n8n-nodes-event-tracking.<node>[Tool] */
export const TO_ALL_IN_ONE = `sed -E 's/"n8n-nodes-(hackle|adrop|traintracks|chabok)\\.\\1(Tool)?"/"n8n-nodes-event-tracking.\\1\\2"/g'`;
