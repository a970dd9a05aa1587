// The build's asset step: tsc compiles the TypeScript, this copies the icons
// next to the compiled nodes and credentials, where their `file:` references
// point (`icon: { light: 'file:../../icons/hackle.svg', ... }` resolves
// relative to the compiled file, so the icons go to dist/icons).
const { src, dest } = require('gulp');

function buildIcons() {
	return src('icons/*.{png,svg}', { encoding: false }).pipe(dest('dist/icons'));
}

exports['build:icons'] = buildIcons;
