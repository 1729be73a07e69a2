import GleanerCLI

ProducerCommand.main()
