"""Tools the sales graph calls: clients over the catalog, carts, payments and CRM."""
