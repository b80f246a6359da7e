"""Flask extensions, created unbound and initialised in create_app."""
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from models.base import Base, include_in_autogenerate

db = SQLAlchemy(model_class=Base)
migrate = Migrate(include_object=include_in_autogenerate)
login_manager = LoginManager()
csrf = CSRFProtect()
