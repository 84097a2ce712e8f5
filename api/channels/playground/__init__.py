"""The playground: a store owner talks to the bot in the browser, as a buyer would."""
