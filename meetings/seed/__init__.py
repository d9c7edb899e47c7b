"""Facts read out of the two source articles, and the loader that writes them
(``manage.py seed_articles``).

Only extracted facts and short quotations live here, never an article's text:
the Dongying article forbids republication without written permission.
"""
