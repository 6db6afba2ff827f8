/** Loads every converter module, each of which registers its converters. */
import './linear';
import './pipeline';
