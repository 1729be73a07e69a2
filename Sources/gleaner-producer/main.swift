import GleanerCLI

ProducerCommand.mainWithPlainErrors()
