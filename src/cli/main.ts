import { type FlagSpec, type ParsedArgs, parseFlags } from './args'
import { describeError, EXIT, UsageError } from './errors'
import { EVAL_FLAGS, evalCommand } from './evalCommand'
import { EXPORT_FLAGS, exportCommand } from './exportCommand'
import { EVAL_HELP, EXPORT_HELP, INFER_HELP, MAIN_HELP, TRAIN_HELP, VERIFY_HELP } from './help'
import { INFER_FLAGS, inferCommand } from './infer'
import type { CliIo } from './io'
import { trainCommand } from './train'
import { TRAIN_FLAGS } from './trainPlan'
import { VERIFY_FLAGS, verifyCommand } from './verify'

/** One subcommand: its flags, its help text and what it does. */
interface Command {
  readonly flags: FlagSpec
  readonly help: string
  readonly run: (args: ParsedArgs, io: CliIo) => number | Promise<number>
}

/** Every subcommand, by name. */
const COMMANDS: Readonly<Record<string, Command>> = {
  train: { flags: TRAIN_FLAGS, help: TRAIN_HELP, run: trainCommand },
  eval: { flags: EVAL_FLAGS, help: EVAL_HELP, run: evalCommand },
  infer: { flags: INFER_FLAGS, help: INFER_HELP, run: inferCommand },
  export: { flags: EXPORT_FLAGS, help: EXPORT_HELP, run: exportCommand },
  verify: { flags: VERIFY_FLAGS, help: VERIFY_HELP, run: verifyCommand },
}

/**
 * The `triad` command: `argv` without node and the script (`['train', 'mlp-spirals', ...]`).
 * Returns the exit code: 0 ok, 1 a run that failed (or a bug), 2 bad input. Every error is one
 * line on stderr (`triad: ...`) naming the cause and the fix; nothing is written for bad input.
 *
 * @example
 * const code = await main(['train', 'mlp-spirals', '--epochs', '5'], nodeIo())
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined
      io.out(topic && COMMANDS[topic] ? COMMANDS[topic].help : MAIN_HELP)
      return EXIT.ok
    }
    const command = COMMANDS[name]
    if (!command)
      throw new UsageError(
        `unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')}; see triad --help)`,
      )
    const args = parseFlags(name, rest, command.flags)
    if (args.values.help === true) {
      io.out(command.help)
      return EXIT.ok
    }
    return await command.run(args, io)
  } catch (e) {
    const { code, message } = describeError(e)
    io.err(`triad: ${message}\n`)
    return code
  }
}
