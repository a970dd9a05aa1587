export async function editorChecks() {
	return [];
}
