import GleanerCLI

CollectorCommand.main()
