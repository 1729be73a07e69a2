import GleanerCLI

WorkerCommand.mainWithPlainErrors()
