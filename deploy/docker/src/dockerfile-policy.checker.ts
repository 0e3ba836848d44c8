import { validate } from 'dockerfile-utils';

export interface Instruction {
  readonly line: number;
  readonly keyword: string;
  readonly args: string;
}

/** Instructions with continuation lines joined; comments and blank lines dropped. */
export function parseInstructions(dockerfile: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { line: number; text: string } | undefined;
  dockerfile.split('\n').forEach((raw, index) => {
    const text = raw.trim();
    if (pending === undefined && (text === '' || text.startsWith('#'))) return;
    const continued = text.endsWith('\\');
    const piece = continued ? text.slice(0, -1) : text;
    pending = pending === undefined ? { line: index + 1, text: piece } : { line: pending.line, text: `${pending.text} ${piece}` };
    if (continued) return;
    const [keyword = '', ...rest] = pending.text.split(/\s+/);
    instructions.push({ line: pending.line, keyword: keyword.toUpperCase(), args: rest.join(' ') });
    pending = undefined;
  });
  return instructions;
}

/** dockerfile-utils' own diagnostics (unknown instructions, bad arguments, …), as readable lines. */
export function lintDockerfile(dockerfile: string): string[] {
  return validate(dockerfile).map((diagnostic) => {
    // Diagnostics may carry markup for editors; the plain value is what a log line wants.
    const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
    return `line ${diagnostic.range.start.line + 1}: ${message}`;
  });
}

const DEV_TOOLS = /\b(npm|npx|yarn|pnpm|corepack|apt-get|apk|pip|gcc|make)\b/;

/**
 * What an app image must be, beyond valid syntax: multi-stage, and a final stage that only copies
 * built output in and runs it as a numeric non-root user (Kubernetes can verify runAsNonRoot only
 * for a numeric one), with no package manager or compiler run or installed there.
 */
export function checkImagePolicy(dockerfile: string): string[] {
  const instructions = parseInstructions(dockerfile);
  const stages = instructions.filter((instruction) => instruction.keyword === 'FROM');
  const problems: string[] = [];
  if (stages.length < 2) problems.push('the image must be built in stages: a build stage and a runtime stage');
  const finalStart = instructions.lastIndexOf(stages[stages.length - 1] ?? instructions[0] ?? { line: 0, keyword: '', args: '' });
  const final = instructions.slice(finalStart + 1);
  for (const instruction of final) {
    if (instruction.keyword === 'RUN') problems.push(`line ${instruction.line}: the runtime stage runs commands (${instruction.args}); build in an earlier stage`);
    if (instruction.keyword === 'ADD') problems.push(`line ${instruction.line}: ADD in the runtime stage; COPY --from a build stage instead`);
    if (DEV_TOOLS.test(instruction.args) && instruction.keyword !== 'LABEL') problems.push(`line ${instruction.line}: a development tool in the runtime stage (${instruction.args})`);
  }
  const users = final.filter((instruction) => instruction.keyword === 'USER');
  const user = users[users.length - 1];
  if (user === undefined) problems.push('the runtime stage sets no USER: it would run as root');
  else {
    const [uid = ''] = user.args.split(':');
    if (!/^\d+$/.test(uid)) problems.push(`line ${user.line}: USER ${user.args} is not numeric; Kubernetes cannot verify runAsNonRoot for a name`);
    else if (Number(uid) === 0) problems.push(`line ${user.line}: USER ${user.args} is root`);
  }
  if (!final.some((instruction) => instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT')) problems.push('the runtime stage has no CMD or ENTRYPOINT');
  return problems;
}
