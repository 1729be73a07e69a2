import GleanerCLI

WorkerCommand.main()
