"""Cap Élus: a French assistant that helps conseillers numériques mobilise their élus."""
