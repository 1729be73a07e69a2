import GleanerCLI

CollectorCommand.mainWithPlainErrors()
